/**
 * `scp` — the planning engine on the command line. Every subcommand reads one JSON document
 * (from a file argument or stdin) and prints one JSON document. Exit codes: 0 ok, 1 bad input,
 * 2 usage error.
 */
import { readFile } from "node:fs/promises";

export interface CommandResult {
  /** JSON-serialisable output printed to stdout. */
  output: unknown;
  /** Non-zero when the input was rejected; `output` then holds `{ errors: [...] }`. */
  exitCode: number;
}

export type Command = (input: unknown) => Promise<CommandResult> | CommandResult;

/** Subcommands are loaded lazily so `scp simulate` never pays for the forecasting code. */
const commands: Record<string, () => Promise<{ run: Command }>> = {
  simulate: () => import("./commands/simulate.ts"),
  forecast: () => import("./commands/forecast.ts"),
  inventory: () => import("./commands/inventory.ts"),
};

async function readInput(file: string | undefined): Promise<string> {
  if (file && file !== "-") return readFile(file, "utf8");
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export async function main(argv: string[]): Promise<number> {
  const [name, file] = argv;
  const load = name ? commands[name] : undefined;
  if (!load) {
    process.stderr.write(
      `usage: scp <${Object.keys(commands).join("|")}> [input.json]\n` +
        "Reads one JSON document from the file (or stdin) and prints one JSON document.\n",
    );
    return 2;
  }
  let input: unknown;
  try {
    input = JSON.parse(await readInput(file));
  } catch (e) {
    const message = `input is not valid JSON: ${(e as Error).message}`;
    process.stderr.write(message + "\n");
    process.stdout.write(JSON.stringify({ errors: [{ path: "$", message }] }) + "\n");
    return 1;
  }
  const { run } = await load();
  const result = await run(input);
  process.stdout.write(JSON.stringify(result.output) + "\n");
  if (result.exitCode !== 0) {
    const errors = (result.output as { errors?: { path: string; message: string }[] }).errors ?? [];
    for (const e of errors) process.stderr.write(`${e.path}: ${e.message}\n`);
  }
  return result.exitCode;
}
