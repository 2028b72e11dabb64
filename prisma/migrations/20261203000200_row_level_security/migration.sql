-- Row-level tenant isolation (ARCHITECTURE.md, "Tenancy that no query can forget").
-- Hand-written: Prisma does not model roles, grants or policies.
--
-- The app connects with the role scp_app: not superuser, not owner of any table, no BYPASSRLS.
-- Migrations run as the owner. Every tenant table is ENABLE + FORCE row level security and its
-- policy compares tenant_id with the transaction-local setting app.tenant_id set by withTenant.
-- No setting -> NULL -> no row matches: the design fails closed.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'scp_app') THEN
    CREATE ROLE scp_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
END
$$;
-- The login role of DATABASE_URL switches to scp_app for the app's connections (SET ROLE).
GRANT scp_app TO CURRENT_USER;

CREATE FUNCTION app_current_tenant() RETURNS uuid LANGUAGE sql STABLE AS
$$ SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid $$;
CREATE FUNCTION app_current_user() RETURNS uuid LANGUAGE sql STABLE AS
$$ SELECT NULLIF(current_setting('app.user_id', true), '')::uuid $$;

GRANT USAGE ON SCHEMA public TO scp_app;
GRANT EXECUTE ON FUNCTION app_current_tenant(), app_current_user() TO scp_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON
  org_units, memberships, items, locations, lanes, boms, inventory_policies, demand_history, tenants, users
  TO scp_app;
-- The audit trail is append-only for the app.
GRANT SELECT, INSERT ON audit_events TO scp_app;
GRANT SELECT ON schema_version TO scp_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO scp_app;

-- Tenant-owned tables: one policy each, for every command.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['org_units', 'items', 'locations', 'lanes', 'boms',
                           'inventory_policies', 'demand_history', 'audit_events']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant())',
      t);
  END LOOP;
END
$$;

-- Memberships: a tenant sees its own. Outside any tenant (withUser, for the tenant switcher) a
-- signed-in user sees their own memberships, read-only; inside a tenant only that tenant's.
ALTER TABLE memberships ENABLE ROW LEVEL SECURITY;
ALTER TABLE memberships FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON memberships
  USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());
CREATE POLICY own_memberships ON memberships FOR SELECT
  USING (app_current_tenant() IS NULL AND user_id = app_current_user());

-- Tenants: the current tenant, and the tenants the signed-in user belongs to (names for the switcher).
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
CREATE POLICY current_tenant ON tenants USING (id = app_current_tenant()) WITH CHECK (id = app_current_tenant());
CREATE POLICY member_tenants ON tenants FOR SELECT
  USING (app_current_tenant() IS NULL
         AND EXISTS (SELECT 1 FROM memberships m WHERE m.tenant_id = tenants.id AND m.user_id = app_current_user()));

-- Users are global identities: visible to themselves and to tenants they are a member of.
-- Anyone may create a user row (invites); nobody deletes one through the app.
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE users FORCE ROW LEVEL SECURITY;
CREATE POLICY visible_users ON users FOR SELECT
  USING (id = app_current_user()
         OR EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = users.id AND m.tenant_id = app_current_tenant()));
CREATE POLICY update_visible_users ON users FOR UPDATE
  USING (id = app_current_user()
         OR EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = users.id AND m.tenant_id = app_current_tenant()));
CREATE POLICY create_users ON users FOR INSERT WITH CHECK (true);

-- Sign-in and invitations must find a user by e-mail before any tenant or user is known.
-- SECURITY DEFINER with a fixed search_path; returns only the id, never the hash, of one e-mail.
CREATE FUNCTION app_user_id_by_email(p_email text) RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
$$ SELECT id FROM users WHERE email = lower(p_email) $$;
REVOKE ALL ON FUNCTION app_user_id_by_email(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_user_id_by_email(text) TO scp_app;

UPDATE "schema_version" SET "version" = 2, "applied_at" = now() WHERE "id" = 1;
