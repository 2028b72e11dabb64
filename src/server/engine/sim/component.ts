/**
 * The part of a model that decides what happens to one item: the item and every item it is tied
 * to through bills of materials (as product or component, transitively), with their policies,
 * demand and lanes, all locations kept. Simulated alone it gives those items' SKU-nodes exactly
 * the results (and cost trace) they have in the whole model: random streams are keyed by
 * item@location, and nodes of other items never touch them. Shared daily capacity (a lane's or a
 * plant's) ties every item using it, so a model with any capacity is its own component.
 *
 * This is how a large run, simulated without the cost trace, still answers "why did this cost
 * arise" for any item: its component is re-simulated with the trace, in milliseconds.
 */
import type { SimulationModel } from "./model.ts";

export function itemComponent(model: SimulationModel, item: string): SimulationModel {
  const { network } = model;
  if (network.lanes.some((l) => l.capacityPerDay !== undefined) || network.locations.some((l) => l.productionCapacityPerDay !== undefined)) {
    return model;
  }
  const linked = new Map<string, Set<string>>();
  const link = (a: string, b: string) => {
    (linked.get(a) ?? linked.set(a, new Set()).get(a)!).add(b);
    (linked.get(b) ?? linked.set(b, new Set()).get(b)!).add(a);
  };
  for (const bom of network.boms ?? []) for (const c of bom.components) link(bom.item, c.item);
  const items = new Set([item]);
  const queue = [item];
  while (queue.length) for (const next of linked.get(queue.pop()!) ?? []) if (!items.has(next)) items.add(next), queue.push(next);

  const lanes = network.lanes.flatMap((lane) => {
    if (!lane.items) return [lane];
    const carried = lane.items.filter((i) => items.has(i));
    // A lane that carries none of these items cannot matter to them (and an empty list would mean "all").
    return carried.length ? [{ ...lane, items: carried }] : [];
  });
  return {
    ...model,
    network: {
      ...network,
      items: network.items.filter((i) => items.has(i.id)),
      lanes,
      ...(network.boms ? { boms: network.boms.filter((b) => items.has(b.item)) } : {}),
    },
    policies: model.policies.filter((p) => items.has(p.item)),
    demand: model.demand.filter((d) => items.has(d.item)),
  };
}
