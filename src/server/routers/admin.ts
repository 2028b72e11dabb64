/** Admin procedures: org units, members, the audit trail. */
import { ZIdInput } from "../../schemas/common.ts";
import { ZGridQuery } from "../../schemas/grid.ts";
import { ZChangeMembership, ZInviteUser, ZOrgUnit, ZOrgUnitUpdate } from "../../schemas/org.ts";
import { ZAuditQuery } from "../../schemas/audit.ts";
import { router, tenantProcedure } from "../trpc.ts";
import { assertNoCycle, changeMembership, inviteUser, listMembers, orgUnits } from "../services/org.ts";
import { listAuditEvents } from "../services/audit.ts";

export const adminRouter = router({
  orgUnits: router({
    list: tenantProcedure("orgunits.read").input(ZGridQuery).query(({ ctx, input }) => orgUnits.list(ctx.tenant.db, input)),
    create: tenantProcedure("orgunits.write").input(ZOrgUnit).mutation(async ({ ctx, input }) => {
      await assertNoCycle(ctx.tenant.db, "", input.parentId);
      return orgUnits.create(ctx.tenant.db, ctx.tenant.actor, input);
    }),
    update: tenantProcedure("orgunits.write").input(ZOrgUnitUpdate).mutation(async ({ ctx, input }) => {
      const { id, ...data } = input;
      if (data.parentId !== undefined) await assertNoCycle(ctx.tenant.db, id, data.parentId);
      return orgUnits.update(ctx.tenant.db, ctx.tenant.actor, id, data);
    }),
    delete: tenantProcedure("orgunits.write").input(ZIdInput).mutation(({ ctx, input }) =>
      orgUnits.remove(ctx.tenant.db, ctx.tenant.actor, input.id)),
  }),
  members: router({
    list: tenantProcedure("users.read").input(ZGridQuery).query(({ ctx, input }) => listMembers(ctx.tenant.db, input)),
    invite: tenantProcedure("users.write").input(ZInviteUser).mutation(({ ctx, input }) =>
      inviteUser(ctx.tenant.db, ctx.tenant.actor, input)),
    change: tenantProcedure("users.write").input(ZChangeMembership).mutation(({ ctx, input }) =>
      changeMembership(ctx.tenant.db, ctx.tenant.actor, input)),
  }),
  audit: router({
    list: tenantProcedure("audit.read").input(ZAuditQuery).query(({ ctx, input }) => listAuditEvents(ctx.tenant.db, input)),
  }),
});
