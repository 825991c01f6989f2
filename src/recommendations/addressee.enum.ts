/** Whom a recommendation is addressed to, and so what is tracked for it. */
export enum Addressee {
  /** Tracked per participating State. */
  ParticipatingStates = 'participating-states',
  /** Tracked as one line for the OSCE itself. */
  Osce = 'osce',
  /** Both: one line per participating State and one for the OSCE. */
  OsceAndParticipatingStates = 'osce-and-participating-states',
}

export const ADDRESSEE_VALUES: readonly Addressee[] = Object.values(Addressee);

export function addressesStates(a: Addressee): boolean {
  return a !== Addressee.Osce;
}

export function addressesOsce(a: Addressee): boolean {
  return a !== Addressee.ParticipatingStates;
}
