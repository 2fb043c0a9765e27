// The durability contract (DESIGN.md) of every appendfsync mode and of RDB only, on every target
// through the same code (properties/families/durability.ts): prefix and loss bound after a crash.

import { defineFamilyTests } from './support/family-tests.js';
import { durabilityFamily } from './families/durability.js';

defineFamilyTests(durabilityFamily);
