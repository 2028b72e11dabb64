-- CreateTable
CREATE TABLE "run_artifacts_archive" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "run_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "chunk" INTEGER NOT NULL,
    "encoding" TEXT NOT NULL,
    "raw_bytes" INTEGER NOT NULL,
    "data" BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "run_artifacts_archive_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "run_artifacts_archive_run_id_kind_chunk_key" ON "run_artifacts_archive"("run_id", "kind", "chunk");

-- AddForeignKey
ALTER TABLE "run_artifacts_archive" ADD CONSTRAINT "run_artifacts_archive_tenant_id_run_id_fkey" FOREIGN KEY ("tenant_id", "run_id") REFERENCES "runs"("tenant_id", "id") ON DELETE CASCADE ON UPDATE NO ACTION;


-- Same fence as the hot table.
ALTER TABLE run_artifacts_archive ENABLE ROW LEVEL SECURITY;
ALTER TABLE run_artifacts_archive FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON run_artifacts_archive
  USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());
GRANT SELECT, INSERT, UPDATE, DELETE ON run_artifacts_archive TO scp_app;

-- Retention: runs finished more than p_days ago move their artifacts to the archive table and
-- are marked archived. Runs for every tenant, so SECURITY DEFINER; touches no row content.
CREATE FUNCTION archive_old_runs(p_days int) RETURNS int
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS
$$
  WITH old AS (
    UPDATE runs SET archived_at = now()
     WHERE archived_at IS NULL AND finished_at < now() - make_interval(days => p_days)
    RETURNING id
  ), moved AS (
    DELETE FROM run_artifacts a USING old WHERE a.run_id = old.id
    RETURNING a.id, a.tenant_id, a.run_id, a.kind, a.chunk, a.encoding, a.raw_bytes, a.data, a.created_at
  ), archived AS (
    INSERT INTO run_artifacts_archive (id, tenant_id, run_id, kind, chunk, encoding, raw_bytes, data, created_at)
    SELECT * FROM moved
  )
  -- Data-modifying CTEs always run to completion, whether or not the final SELECT reads them.
  SELECT count(*)::int FROM old
$$;
REVOKE ALL ON FUNCTION archive_old_runs(int) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION archive_old_runs(int) TO scp_app;

UPDATE "schema_version" SET "version" = 4, "applied_at" = now() WHERE "id" = 1;
