-- CreateEnum
CREATE TYPE "RunKind" AS ENUM ('simulate', 'forecast', 'optimise', 'inventory');

-- CreateEnum
CREATE TYPE "RunStatus" AS ENUM ('queued', 'running', 'succeeded', 'failed', 'cancelled');

-- CreateEnum
CREATE TYPE "JobStatus" AS ENUM ('queued', 'running', 'succeeded', 'failed', 'cancelled');

-- CreateTable
CREATE TABLE "runs" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL DEFAULT (NULLIF(current_setting('app.tenant_id', true), ''))::uuid,
    "kind" "RunKind" NOT NULL,
    "name" TEXT NOT NULL,
    "scenario_ref" TEXT NOT NULL,
    "config_schema_version" INTEGER NOT NULL,
    "input_hash" TEXT NOT NULL,
    "params" JSONB NOT NULL,
    "status" "RunStatus" NOT NULL DEFAULT 'queued',
    "progress" INTEGER NOT NULL DEFAULT 0,
    "progress_message" TEXT,
    "priority" INTEGER NOT NULL DEFAULT 0,
    "requested_by" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "duration_ms" INTEGER,
    "error_code" TEXT,
    "error_message" TEXT,
    "kpis" JSONB,
    "archived_at" TIMESTAMPTZ(3),

    CONSTRAINT "runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "run_artifacts" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL DEFAULT (NULLIF(current_setting('app.tenant_id', true), ''))::uuid,
    "run_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "chunk" INTEGER NOT NULL DEFAULT 0,
    "encoding" TEXT NOT NULL DEFAULT 'gzip',
    "raw_bytes" INTEGER NOT NULL,
    "data" BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "run_artifacts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "jobs" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL DEFAULT (NULLIF(current_setting('app.tenant_id', true), ''))::uuid,
    "function_id" TEXT NOT NULL,
    "event" JSONB NOT NULL,
    "status" "JobStatus" NOT NULL DEFAULT 'queued',
    "priority" INTEGER NOT NULL DEFAULT 0,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "max_attempts" INTEGER NOT NULL DEFAULT 4,
    "run_after" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "locked_by" TEXT,
    "heartbeat_at" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "jobs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "job_steps" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL DEFAULT (NULLIF(current_setting('app.tenant_id', true), ''))::uuid,
    "job_id" UUID NOT NULL,
    "step_id" TEXT NOT NULL,
    "output" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "job_steps_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "runs_tenant_id_created_at_id_idx" ON "runs"("tenant_id", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "runs_tenant_id_status_idx" ON "runs"("tenant_id", "status");

-- CreateIndex
CREATE INDEX "runs_tenant_id_kind_created_at_idx" ON "runs"("tenant_id", "kind", "created_at" DESC);

-- CreateIndex
CREATE INDEX "runs_tenant_id_requested_by_created_at_idx" ON "runs"("tenant_id", "requested_by", "created_at" DESC);

-- CreateIndex
CREATE INDEX "runs_tenant_id_duration_ms_id_idx" ON "runs"("tenant_id", "duration_ms", "id");

-- CreateIndex
CREATE INDEX "runs_tenant_id_name_id_idx" ON "runs"("tenant_id", "name", "id");

-- CreateIndex
CREATE UNIQUE INDEX "runs_tenant_id_id_key" ON "runs"("tenant_id", "id");

-- CreateIndex
CREATE UNIQUE INDEX "run_artifacts_run_id_kind_chunk_key" ON "run_artifacts"("run_id", "kind", "chunk");

-- CreateIndex
CREATE INDEX "jobs_status_priority_run_after_idx" ON "jobs"("status", "priority" DESC, "run_after");

-- CreateIndex
CREATE UNIQUE INDEX "jobs_tenant_id_id_key" ON "jobs"("tenant_id", "id");

-- CreateIndex
CREATE UNIQUE INDEX "job_steps_job_id_step_id_key" ON "job_steps"("job_id", "step_id");

-- AddForeignKey
ALTER TABLE "runs" ADD CONSTRAINT "runs_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "run_artifacts" ADD CONSTRAINT "run_artifacts_tenant_id_run_id_fkey" FOREIGN KEY ("tenant_id", "run_id") REFERENCES "runs"("tenant_id", "id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "job_steps" ADD CONSTRAINT "job_steps_tenant_id_job_id_fkey" FOREIGN KEY ("tenant_id", "job_id") REFERENCES "jobs"("tenant_id", "id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- Row-level security for runs, their artifacts and the embedded runner's jobs.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['runs', 'run_artifacts', 'jobs', 'job_steps']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant())',
      t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO scp_app', t);
  END LOOP;
END
$$;

-- The embedded runner is the one piece that looks across tenants: it must find the next queued
-- job whoever it belongs to. It does so only through these SECURITY DEFINER functions, which
-- return ids (never tenant data); everything else a job does happens inside withTenant.

-- Claims the most urgent runnable job for a worker (FOR UPDATE SKIP LOCKED: several app
-- instances can share a queue). Returns no row when nothing is runnable.
CREATE FUNCTION runner_claim_job(p_worker text)
  RETURNS TABLE (job_id uuid, tenant_id uuid, function_id text, attempts int)
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS
$$
  UPDATE jobs j
     SET status = 'running', locked_by = p_worker, heartbeat_at = now(), attempts = j.attempts + 1, updated_at = now()
   WHERE j.id = (
     SELECT id FROM jobs
      WHERE status = 'queued' AND run_after <= now()
      ORDER BY priority DESC, created_at
      LIMIT 1
      FOR UPDATE SKIP LOCKED)
  RETURNING j.id, j.tenant_id, j.function_id, j.attempts
$$;

-- Jobs left 'running' by a worker that stopped heartbeating (a crash, a kill): back to the
-- queue to resume from their last completed step, or failed when out of attempts.
-- Returns the jobs it touched so the runner can finalise the failed ones' runs.
CREATE FUNCTION runner_recover_stale(p_stale_seconds int)
  RETURNS TABLE (job_id uuid, tenant_id uuid, failed boolean)
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS
$$
  UPDATE jobs j
     SET status = CASE WHEN j.attempts >= j.max_attempts THEN 'failed'::"JobStatus" ELSE 'queued'::"JobStatus" END,
         locked_by = NULL,
         last_error = 'The worker running this job stopped (process restart or crash)',
         updated_at = now()
   WHERE j.status = 'running'
     AND (j.heartbeat_at IS NULL OR j.heartbeat_at < now() - make_interval(secs => p_stale_seconds))
  RETURNING j.id, j.tenant_id, j.status = 'failed'
$$;

-- Queue depth and running count over all tenants, for /api/metrics.
CREATE FUNCTION runner_queue_stats()
  RETURNS TABLE (queued bigint, running bigint)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
$$ SELECT count(*) FILTER (WHERE status = 'queued'), count(*) FILTER (WHERE status = 'running') FROM jobs $$;

REVOKE ALL ON FUNCTION runner_claim_job(text), runner_recover_stale(int), runner_queue_stats() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION runner_claim_job(text), runner_recover_stale(int), runner_queue_stats() TO scp_app;

UPDATE "schema_version" SET "version" = 3, "applied_at" = now() WHERE "id" = 1;
