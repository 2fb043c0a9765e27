// The replication-convergence family on every target through the same code
// (properties/families/replication-convergence.ts): link faults, restarts, heal, then convergence.

import { defineFamilyTests } from './support/family-tests.js';
import { replicationConvergenceFamily } from './families/replication-convergence.js';

defineFamilyTests(replicationConvergenceFamily);
