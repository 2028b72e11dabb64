-- CreateTable
CREATE TABLE "forecast_versions" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL DEFAULT (NULLIF(current_setting('app.tenant_id', true), ''))::uuid,
    "run_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "bucket" TEXT NOT NULL,
    "periods" JSONB NOT NULL,
    "frozen_at" TIMESTAMPTZ(3),
    "frozen_by" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "forecast_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "forecast_series" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL DEFAULT (NULLIF(current_setting('app.tenant_id', true), ''))::uuid,
    "version_id" UUID NOT NULL,
    "item" TEXT NOT NULL,
    "location" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "spec" TEXT NOT NULL,
    "history" JSONB NOT NULL,
    "fitted" JSONB NOT NULL,
    "baseline" JSONB NOT NULL,
    "bands" JSONB NOT NULL,
    "backtest" JSONB,
    "candidates" JSONB NOT NULL,
    "actuals" JSONB,

    CONSTRAINT "forecast_series_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "forecast_adjustments" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL DEFAULT (NULLIF(current_setting('app.tenant_id', true), ''))::uuid,
    "version_id" UUID NOT NULL,
    "item" TEXT NOT NULL,
    "location" TEXT NOT NULL,
    "layer" TEXT NOT NULL,
    "period" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "value" DECIMAL(18,4) NOT NULL,
    "comment" TEXT,
    "author_id" UUID NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "forecast_adjustments_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "forecast_versions_run_id_key" ON "forecast_versions"("run_id");

-- CreateIndex
CREATE INDEX "forecast_versions_tenant_id_created_at_idx" ON "forecast_versions"("tenant_id", "created_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "forecast_versions_tenant_id_id_key" ON "forecast_versions"("tenant_id", "id");

-- CreateIndex
CREATE UNIQUE INDEX "forecast_series_version_id_item_location_key" ON "forecast_series"("version_id", "item", "location");

-- CreateIndex
CREATE UNIQUE INDEX "forecast_adjustments_version_id_item_location_layer_period_key" ON "forecast_adjustments"("version_id", "item", "location", "layer", "period");

-- AddForeignKey
ALTER TABLE "forecast_versions" ADD CONSTRAINT "forecast_versions_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "forecast_series" ADD CONSTRAINT "forecast_series_tenant_id_version_id_fkey" FOREIGN KEY ("tenant_id", "version_id") REFERENCES "forecast_versions"("tenant_id", "id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "forecast_adjustments" ADD CONSTRAINT "forecast_adjustments_tenant_id_version_id_fkey" FOREIGN KEY ("tenant_id", "version_id") REFERENCES "forecast_versions"("tenant_id", "id") ON DELETE CASCADE ON UPDATE NO ACTION;


DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['forecast_versions', 'forecast_series', 'forecast_adjustments']
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

UPDATE "schema_version" SET "version" = 5, "applied_at" = now() WHERE "id" = 1;
