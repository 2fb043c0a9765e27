// The replica-read-only family on every target through the same code
// (properties/families/replica-read-only.ts): writes to a replica get -READONLY and change nothing.

import { defineFamilyTests } from './support/family-tests.js';
import { replicaReadOnlyFamily } from './families/replica-read-only.js';

defineFamilyTests(replicaReadOnlyFamily);
