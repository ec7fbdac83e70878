export { startEmulator } from './server';
export { generateTlsMaterial } from './tls';
export { defaultSeedPath } from './seed';
export { DEFAULT_READINGS, READING_VARIANTS } from './readings';
export type { GraphReadings } from './readings';
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
	RecordedRequest,
	RegisteredApp,
	RequestKind,
	SeedPartner,
	SeedSyncPolicy,
	SeedTenant,
	SlowAnswerRule,
	StartOptions,
	ThrottleStats,
	ThrottlingConfig,
	TlsMaterial,
} from './types';
