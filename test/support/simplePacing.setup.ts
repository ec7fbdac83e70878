import { usePacingDesign } from '../../nodes/CrossTenantSyncPolicy/executor/simplePacing';

// XTS_PACING=simple npx jest …: the tests under the simple pacing design (the benchmark's comparison).
if (process.env.XTS_PACING === 'simple') usePacingDesign('simple');
