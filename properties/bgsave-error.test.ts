// The bgsave-error family on every target through the same code (properties/families/bgsave-error.ts).

import { defineFamilyTests } from './support/family-tests.js';
import { bgsaveErrorFamily } from './families/bgsave-error.js';

defineFamilyTests(bgsaveErrorFamily);
