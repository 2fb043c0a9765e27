// The rewrite family on every target through the same code (properties/families/rewrite.ts).

import { defineFamilyTests } from './support/family-tests.js';
import { rewriteFamily } from './families/rewrite.js';

defineFamilyTests(rewriteFamily);
