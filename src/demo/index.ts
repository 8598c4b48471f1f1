// The demo warehouse: an incident replay for dqgate (see docs/demo.md).
export { buildDemoWarehouse, type DemoScenario, type DemoSummary } from './warehouse.js';
export { repairDemoWarehouse, type RepairSummary } from './repair.js';
export { INCIDENT, type DamagedDate } from './incident.js';
export { DEFAULT_SEED } from './model.js';
