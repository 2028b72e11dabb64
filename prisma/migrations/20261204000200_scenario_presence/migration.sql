-- Who has a scenario open in the plan grid (viewing or editing), from the grid's heartbeat. Kept
-- in the database, not in an app process's memory, so every process behind a load balancer lists
-- the same people. A row older than the presence TTL (see plan-grid.ts) is stale: it is not
-- listed, and the next heartbeat on that scenario deletes it (any heartbeat of the tenant deletes
-- rows a day old, of scenarios nobody reopened).
CREATE TABLE "scenario_presence" (
    "tenant_id" UUID NOT NULL DEFAULT (NULLIF(current_setting('app.tenant_id', true), ''))::uuid,
    "scenario_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "state" TEXT NOT NULL,
    "seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "scenario_presence_pkey" PRIMARY KEY ("scenario_id", "user_id"),
    CONSTRAINT "scenario_presence_state_check" CHECK ("state" IN ('viewing', 'editing'))
);

-- CreateIndex (deleting a user cascades here)
CREATE INDEX "scenario_presence_user_id_idx" ON "scenario_presence"("user_id");

-- AddForeignKey
ALTER TABLE "scenario_presence" ADD CONSTRAINT "scenario_presence_tenant_id_scenario_id_fkey" FOREIGN KEY ("tenant_id", "scenario_id") REFERENCES "scenarios"("tenant_id", "id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "scenario_presence" ADD CONSTRAINT "scenario_presence_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "scenario_presence" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "scenario_presence" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "scenario_presence" USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());
GRANT SELECT, INSERT, UPDATE, DELETE ON "scenario_presence" TO scp_app;

UPDATE "schema_version" SET "version" = 8, "applied_at" = now() WHERE "id" = 1;
