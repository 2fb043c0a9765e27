// The DiskFaultControl every target exposes as `faults`: it keeps the switches in force and hands
// the merged set to the target's mechanism (fault-preload's control file, or the simulated disk).

import type { DiskFaultControl, DiskFaultSwitches } from './target.js';

/** Thrown when a disk fault is switched on a target that cannot take one. */
export class DiskFaultsUnavailableError extends Error {}

/** Switches merged and applied through `apply`; `available()` is asked on each set(). */
export class DiskFaultSwitchboard implements DiskFaultControl {
  private switches: DiskFaultSwitches = {};

  constructor(
    private readonly apply: (switches: DiskFaultSwitches) => void,
    private readonly isAvailable: () => boolean,
    private readonly unavailableReason: () => string,
  ) {}

  get available(): boolean {
    return this.isAvailable();
  }

  current(): Readonly<DiskFaultSwitches> {
    return { ...this.switches };
  }

  set(switches: DiskFaultSwitches): void {
    if (!this.isAvailable()) throw new DiskFaultsUnavailableError(this.unavailableReason());
    this.switches = { ...this.switches, ...switches };
    this.apply(this.switches);
  }

  /** Replaces every switch (absent ones go off). */
  replace(switches: DiskFaultSwitches): void {
    if (!this.isAvailable()) throw new DiskFaultsUnavailableError(this.unavailableReason());
    this.switches = { ...switches };
    this.apply(this.switches);
  }

  clear(): void {
    this.switches = {};
    if (this.isAvailable()) this.apply(this.switches);
  }
}
