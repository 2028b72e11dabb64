-- CreateEnum
CREATE TYPE "ScenarioStatus" AS ENUM ('draft', 'in_review', 'approved', 'rejected', 'published', 'archived');

-- CreateTable
CREATE TABLE "scenarios" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL DEFAULT (NULLIF(current_setting('app.tenant_id', true), ''))::uuid,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "owner_id" UUID NOT NULL,
    "parent_id" UUID,
    "version" INTEGER NOT NULL DEFAULT 1,
    "status" "ScenarioStatus" NOT NULL DEFAULT 'draft',
    "locked_by" UUID,
    "locked_at" TIMESTAMPTZ(3),
    "baseline" JSONB,
    "diff" JSONB,
    "base_version" INTEGER,
    "doc_schema_version" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "scenarios_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "scenario_history" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL DEFAULT (NULLIF(current_setting('app.tenant_id', true), ''))::uuid,
    "scenario_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "actor_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "patch" JSONB NOT NULL,
    "comment" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "scenario_history_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "scenario_comments" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL DEFAULT (NULLIF(current_setting('app.tenant_id', true), ''))::uuid,
    "scenario_id" UUID NOT NULL,
    "target" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "mentions" UUID[] DEFAULT ARRAY[]::UUID[],
    "parent_id" UUID,
    "author_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "scenario_comments_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "scenarios_tenant_id_parent_id_idx" ON "scenarios"("tenant_id", "parent_id");

-- CreateIndex
CREATE INDEX "scenarios_tenant_id_status_idx" ON "scenarios"("tenant_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "scenarios_tenant_id_id_key" ON "scenarios"("tenant_id", "id");

-- CreateIndex
CREATE INDEX "scenario_history_scenario_id_version_idx" ON "scenario_history"("scenario_id", "version");

-- CreateIndex
CREATE INDEX "scenario_comments_scenario_id_target_idx" ON "scenario_comments"("scenario_id", "target");

-- CreateIndex
CREATE UNIQUE INDEX "scenario_comments_tenant_id_id_key" ON "scenario_comments"("tenant_id", "id");

-- AddForeignKey
ALTER TABLE "scenarios" ADD CONSTRAINT "scenarios_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scenarios" ADD CONSTRAINT "scenarios_tenant_id_parent_id_fkey" FOREIGN KEY ("tenant_id", "parent_id") REFERENCES "scenarios"("tenant_id", "id") ON DELETE NO ACTION ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "scenario_history" ADD CONSTRAINT "scenario_history_tenant_id_scenario_id_fkey" FOREIGN KEY ("tenant_id", "scenario_id") REFERENCES "scenarios"("tenant_id", "id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "scenario_comments" ADD CONSTRAINT "scenario_comments_tenant_id_scenario_id_fkey" FOREIGN KEY ("tenant_id", "scenario_id") REFERENCES "scenarios"("tenant_id", "id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "scenario_comments" ADD CONSTRAINT "scenario_comments_tenant_id_parent_id_fkey" FOREIGN KEY ("tenant_id", "parent_id") REFERENCES "scenario_comments"("tenant_id", "id") ON DELETE CASCADE ON UPDATE NO ACTION;


DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['scenarios', 'scenario_history', 'scenario_comments']
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

UPDATE "schema_version" SET "version" = 6, "applied_at" = now() WHERE "id" = 1;
