-- Users are global identities shared by tenants: a tenant's transaction must not be able to change
-- a person who also belongs to another tenant (e-mail, password hash, lockout). Only the user
-- themself (app.user_id, set by withUser and withTenant) updates their row; admins manage people
-- through memberships, which are tenant rows.
DROP POLICY update_visible_users ON users;
CREATE POLICY update_own_user ON users FOR UPDATE
  USING (id = app_current_user())
  WITH CHECK (id = app_current_user());

UPDATE "schema_version" SET "version" = 7, "applied_at" = now() WHERE "id" = 1;
