import { EntityManager, In } from 'typeorm';
import { Pair } from '../assessments/pair.entity.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { State, StateGroup } from '../states/state.entity.js';
import { OSCE_ACRONYM } from '../subjects/subject.js';
import { Addressee, addressesOsce, addressesStates } from './addressee.enum.js';

/** The subjects a recommendation is tracked for. */
export interface ScopeTarget {
  stateIds: number[];
  organisationIds: number[];
}

/**
 * The default scope: every participating State when the recommendation is addressed to them,
 * and one line for the OSCE when it is addressed to the OSCE itself.
 */
export async function defaultScope(
  manager: EntityManager,
  addressee: Addressee,
): Promise<ScopeTarget> {
  const stateIds = addressesStates(addressee)
    ? (
        await manager.find(State, {
          select: { id: true },
          where: { group: StateGroup.Participating },
        })
      ).map((s) => s.id)
    : [];
  const organisationIds: number[] = [];
  if (addressesOsce(addressee)) {
    const osce = await manager.findOneBy(Organisation, { acronym: OSCE_ACRONYM });
    if (!osce)
      throw new Error(`The ${OSCE_ACRONYM} organisation is missing from the reference data`);
    organisationIds.push(osce.id);
  }
  return { stateIds, organisationIds };
}

/**
 * Makes the recommendation's scope exactly `target`: pairs are created (as "no information")
 * or brought back into scope, and pairs left out are taken out of scope, keeping their history.
 * Returns how many pairs were added to and removed from the scope.
 */
export async function applyScope(
  manager: EntityManager,
  recommendationId: number,
  target: ScopeTarget,
): Promise<{ added: number; removed: number }> {
  const existing = await manager.find(Pair, { where: { recommendationId } });
  const wantedStates = new Set(target.stateIds);
  const wantedOrgs = new Set(target.organisationIds);
  const isWanted = (p: Pair): boolean =>
    p.stateId !== null ? wantedStates.has(p.stateId) : wantedOrgs.has(p.organisationId ?? -1);

  const toEnable = existing.filter((p) => !p.inScope && isWanted(p)).map((p) => p.id);
  const toDisable = existing.filter((p) => p.inScope && !isWanted(p)).map((p) => p.id);
  if (toEnable.length) await manager.update(Pair, { id: In(toEnable) }, { inScope: true });
  if (toDisable.length) {
    await manager.update(Pair, { id: In(toDisable) }, { inScope: false });
  }

  const haveStates = new Set(existing.map((p) => p.stateId).filter((id) => id !== null));
  const haveOrgs = new Set(existing.map((p) => p.organisationId).filter((id) => id !== null));
  const fresh = [
    ...target.stateIds
      .filter((id) => !haveStates.has(id))
      .map((stateId) => ({ recommendationId, stateId, organisationId: null })),
    ...target.organisationIds
      .filter((id) => !haveOrgs.has(id))
      .map((organisationId) => ({ recommendationId, stateId: null, organisationId })),
  ];
  for (let i = 0; i < fresh.length; i += 200) {
    await manager.insert(Pair, fresh.slice(i, i + 200));
  }
  return { added: toEnable.length + fresh.length, removed: toDisable.length };
}
