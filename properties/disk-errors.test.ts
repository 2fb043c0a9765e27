// The disk-errors family on every target through the same code (properties/families/disk-errors.ts).

import { defineFamilyTests } from './support/family-tests.js';
import { diskErrorsFamily } from './families/disk-errors.js';

defineFamilyTests(diskErrorsFamily);
