/** Structured JSON logs (pino). Every request gets a child logger carrying its request id. */
import pino from "pino";
import { env } from "../env.ts";

export const logger = pino({
  level: env.LOG_LEVEL,
  base: { service: "scp" },
  redact: { paths: ["password", "*.password", "passwordHash", "*.passwordHash"], remove: true },
});

export type Logger = pino.Logger;
