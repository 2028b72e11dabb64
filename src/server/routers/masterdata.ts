/** Master-data procedures: thin — validate, call the service, return its DTOs. */
import { ZIdInput } from "../../schemas/common.ts";
import { ZGridQuery } from "../../schemas/grid.ts";
import {
  ZBom, ZBomUpdate, ZItem, ZItemUpdate, ZLane, ZLaneUpdate, ZLocation, ZLocationUpdate, ZPolicy, ZPolicyUpdate,
} from "../../schemas/masterdata.ts";
import { router, tenantProcedure } from "../trpc.ts";
import * as md from "../services/masterdata.ts";
import type { z } from "zod";

const read = tenantProcedure("masterdata.read");
const write = tenantProcedure("masterdata.write");

type Crud = (typeof md)["items"];

/** list / get / create / update / delete for one entity, with its create and update schemas. */
function entityRouter<C extends z.ZodType<object>, U extends z.ZodType<{ id: string }>>(
  service: Crud,
  createSchema: C,
  updateSchema: U,
  check?: (merged: Record<string, unknown>) => void,
) {
  return router({
    list: read.input(ZGridQuery).query(({ ctx, input }) => service.list(ctx.tenant.db, input)),
    get: read.input(ZIdInput).query(({ ctx, input }) => service.get(ctx.tenant.db, input.id)),
    create: write.input(createSchema).mutation(({ ctx, input }) => service.create(ctx.tenant.db, ctx.tenant.actor, input as object)),
    update: write.input(updateSchema).mutation(({ ctx, input }) => {
      const { id, ...data } = input as { id: string };
      return service.update(ctx.tenant.db, ctx.tenant.actor, id, data, check);
    }),
    delete: write.input(ZIdInput).mutation(({ ctx, input }) => service.remove(ctx.tenant.db, ctx.tenant.actor, input.id)),
  });
}

export const masterdataRouter = router({
  items: entityRouter(md.items, ZItem, ZItemUpdate),
  locations: entityRouter(md.locations as unknown as Crud, ZLocation, ZLocationUpdate),
  lanes: entityRouter(md.lanes as unknown as Crud, ZLane, ZLaneUpdate),
  boms: entityRouter(md.boms as unknown as Crud, ZBom, ZBomUpdate),
  policies: entityRouter(md.policies as unknown as Crud, ZPolicy, ZPolicyUpdate, md.checkMergedPolicy),
  options: read.query(({ ctx }) => md.masterdataOptions(ctx.tenant.db)),
});
