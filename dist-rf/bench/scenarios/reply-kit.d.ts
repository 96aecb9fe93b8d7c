import type { Scenario } from '../harness.js';
declare const scenarios: Scenario[];
export default scenarios;
