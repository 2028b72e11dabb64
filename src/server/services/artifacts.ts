/**
 * Run artifacts: results stored gzip-compressed, in chunks, beside (not in) the runs table.
 * Writing a kind replaces it, so a retried step never leaves duplicates.
 */
import { gunzipSync, gzipSync } from "node:zlib";
import type { TenantDb } from "../db/tenant.ts";

/** Fast compression for large payloads (they are written on the run's critical path). */
const gzip = (raw: Buffer) => new Uint8Array(gzipSync(raw, { level: raw.length > 1_000_000 ? 1 : 6 }));

/**
 * Run inputs this process wrote recently, for their first read. A run's input snapshot is read
 * back by its background job, which under the embedded runner runs in this process: the read then
 * skips decompressing and parsing a snapshot that can be tens of megabytes (≈ 0.2 s for the
 * standard simulation case). The database stays the authority: a kept value is only returned
 * after a query under the reader's row-level security finds the artifact, and a reader must not
 * modify what it gets (neither the run's job nor a retry does). The value is the one written, not
 * its JSON round trip; the two differ only in what JSON cannot hold (undefined fields, non-finite
 * numbers), which run inputs built from database rows do not contain. At most a few are kept: a value
 * whose transaction rolled back is simply never read and soon evicted.
 */
const recentInputs = new Map<string, unknown>();
const RECENT_INPUTS = 2;
const INPUT = "input";

export async function putArtifact(db: TenantDb, runId: string, kind: string, value: unknown): Promise<void> {
  await putChunks(db, runId, kind, [JSON.stringify(value)]);
  if (kind !== INPUT) return;
  recentInputs.set(runId, value);
  for (const key of recentInputs.keys()) {
    if (recentInputs.size <= RECENT_INPUTS) break;
    recentInputs.delete(key);
  }
}

/**
 * Writes `kind` unless it exists already (a value derived from the run that any reader may compute
 * and keep): concurrent writers do not fail, the first one's value stays.
 */
export async function putArtifactIfAbsent(db: TenantDb, runId: string, kind: string, value: unknown): Promise<void> {
  const raw = Buffer.from(JSON.stringify(value), "utf8");
  await db.runArtifact.createMany({ data: [{ runId, kind, chunk: 0, rawBytes: raw.length, data: gzip(raw) }], skipDuplicates: true });
}

/** Replaces `kind` with the given text chunks (e.g. CSV pieces of bounded size). */
export async function putChunks(db: TenantDb, runId: string, kind: string, chunks: string[]): Promise<void> {
  await db.runArtifact.deleteMany({ where: { runId, kind } });
  for (let i = 0; i < chunks.length; i++) {
    const raw = Buffer.from(chunks[i]!, "utf8");
    await db.runArtifact.create({
      data: { runId, kind, chunk: i, rawBytes: raw.length, data: gzip(raw) },
    });
  }
}

/** Adds one chunk to `kind` (after putChunks(…, []) cleared it). */
export async function putChunk(db: TenantDb, runId: string, kind: string, chunk: number, text: string): Promise<void> {
  const raw = Buffer.from(text, "utf8");
  await db.runArtifact.upsert({
    where: { runId_kind_chunk: { runId, kind, chunk } },
    create: { runId, kind, chunk, rawBytes: raw.length, data: gzip(raw) },
    update: { rawBytes: raw.length, data: gzip(raw) },
  });
}

/** A chunk's compressed bytes: the hot table first, then the archive (runs past retention). */
async function chunkBytes(db: TenantDb, runId: string, kind: string, chunk: number): Promise<Uint8Array | null> {
  const key = { runId_kind_chunk: { runId, kind, chunk } };
  const hot = await db.runArtifact.findUnique({ where: key, select: { data: true } });
  if (hot) return hot.data;
  const cold = await db.runArtifactArchive.findUnique({ where: key, select: { data: true } });
  return cold?.data ?? null;
}

export async function getArtifact<T>(db: TenantDb, runId: string, kind: string): Promise<T | null> {
  if (kind === INPUT && recentInputs.has(runId)) {
    const kept = recentInputs.get(runId);
    recentInputs.delete(runId);
    const visible = await db.runArtifact.findUnique({ where: { runId_kind_chunk: { runId, kind, chunk: 0 } }, select: { chunk: true } });
    if (visible) return kept as T;
  }
  const data = await chunkBytes(db, runId, kind, 0);
  return data ? (JSON.parse(gunzipSync(data).toString("utf8")) as T) : null;
}

export async function chunkCount(db: TenantDb, runId: string, kind: string): Promise<number> {
  const hot = await db.runArtifact.count({ where: { runId, kind } });
  return hot || db.runArtifactArchive.count({ where: { runId, kind } });
}

/** One decompressed chunk: streams read them one at a time, so memory stays bounded. */
export async function getChunk(db: TenantDb, runId: string, kind: string, chunk: number): Promise<string | null> {
  const data = await chunkBytes(db, runId, kind, chunk);
  return data ? gunzipSync(data).toString("utf8") : null;
}
