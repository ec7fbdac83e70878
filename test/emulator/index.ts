export { startEmulator } from './server';
export { generateTlsMaterial } from './tls';
export { defaultSeedPath } from './seed';
export { DEFAULT_READINGS, READING_VARIANTS } from './readings';
export type { GraphReadings } from './readings';
export { DEFAULT_SYNC_READINGS, SYNC_READING_VARIANTS } from './sync-readings';
export type { SyncReadings } from './sync-readings';
export type {
	BatchAnswerShape,
	BatchCost,
	BatchShapeRecord,
	EmulatorSeed,
	FaultKind,
	FaultRule,
	Faults,
	GraphEmulator,
	MintAccessTokenOptions,
	PartnerStateDump,
	ProvisionOnDemandRateLimit,
	RecordedRequest,
	RegisteredApp,
	RequestKind,
	SeedDirectory,
	SeedGroup,
	SeedPartner,
	SeedSyncPolicy,
	SeedTenant,
	SeedUser,
	SlowAnswerRule,
	StartOptions,
	SyncConfigurationDump,
	SyncCycleReport,
	SyncedUserDump,
	SyncStateDump,
	ThrottleStats,
	ThrottlingConfig,
	TlsMaterial,
} from './types';
