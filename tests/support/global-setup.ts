import { TEMPLATE_DB, migrate, recreateDatabase } from "./postgres.ts";

/** Migrates the template database every integration test file clones. */
export default async function setup() {
  const url = await recreateDatabase(TEMPLATE_DB);
  migrate(url);
}
