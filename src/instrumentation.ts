/** Next.js start-up hook: the embedded background runner lives in the server process. */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startAppRunner } = await import("./server/jobs/app-runner.ts");
    await startAppRunner();
  }
}
