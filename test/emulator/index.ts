export { startEmulator } from './server';
export { generateTlsMaterial } from './tls';
export { defaultSeedPath } from './seed';
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
	StartOptions,
	ThrottleStats,
	ThrottlingConfig,
	TlsMaterial,
} from './types';
