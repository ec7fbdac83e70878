/** Identities in seed.json, for tests and scripts. */
export const CONTOSO = '72f988bf-0000-4000-8000-000000000001';
export const FABRIKAM = '90e29127-71ad-49c7-9ce8-db3f41ea06f1';
export const NORTHWIND = '3f1c7a52-2b8e-4d0a-9c61-5e7d2a9b8c10';
export const TAILSPIN = 'a8d4e6f2-93b1-4c57-8e2a-1f0b6c3d9e74';
export const UNMANAGED_PARTNER = '5e3b8c1d-7a2f-4e69-b0d4-8c9a1f2e3d4b';
/** In the seed's tenants (woodgrove.com) but not a partner of Contoso. */
export const WOODGROVE = 'c0ffee00-1234-4abc-8def-0123456789ab';
/**
 * A second owner tenant (adatum.com) with its own writer app (APPS.adatumWriter) and one partner, Fabrikam (sync off).
 * The source tenant of cross-tenant sync tests: its writer also holds the source-side roles (applications, sync, assignments).
 */
export const ADATUM = 'b5a7d3e1-6c2f-4a8b-9d1e-2f3a4b5c6d7e';
export const APPS = {
	writer: { clientId: '6a1f0b4e-1c2d-4e5f-8a9b-0c1d2e3f4a5b', secret: 'emulator-writer-secret' },
	certWriter: { clientId: '7b2e1c5f-2d3e-4f60-9bac-1d2e3f4a5b6c' },
	reader: { clientId: '8c3f2d60-3e4f-4061-acbd-2e3f4a5b6c7d', secret: 'emulator-reader-secret' },
	noRoles: { clientId: '9d403e71-4f50-4172-bdce-3f4a5b6c7d8e', secret: 'emulator-noroles-secret' },
	expired: { clientId: 'ad514f82-5061-4283-8edf-4a5b6c7d8e9f', secret: 'emulator-expired-secret' },
	/** Registered in ADATUM, not in Contoso. */
	adatumWriter: { clientId: 'be625093-7a1b-4c2d-8e3f-4a5b6c7d8e9f', secret: 'emulator-adatum-writer-secret' },
	/** Registered in ADATUM, least privilege: Synchronization.Read.All only (reads jobs; no application list, no writes). */
	adatumSyncReader: { clientId: 'c1736104-8b2c-4d3e-9f40-5b6c7d8e9fa0', secret: 'emulator-adatum-sync-reader-secret' },
	/** Registered in ADATUM: Application.ReadWrite.OwnedBy only (creates configurations, manages only those it owns). */
	adatumOwnedBy: { clientId: 'd2847215-9c3d-4e4f-a051-6c7d8e9fa0b1', secret: 'emulator-adatum-owned-by-secret' },
};
/**
 * Adatum's directory, the source side of cross-tenant sync: four internal members, one guest (never synchronized),
 * group Sales (direct members Megan, Lee, the guest Gail and the group Sales Leads) and Sales Leads (Diego): assigning
 * Sales synchronizes Megan and Lee only, as members of nested groups do not count.
 */
export const ADATUM_USERS = {
	alex: 'ad0a0001-1111-4111-8111-000000000001',
	megan: 'ad0a0001-1111-4111-8111-000000000002',
	lee: 'ad0a0001-1111-4111-8111-000000000003',
	diego: 'ad0a0001-1111-4111-8111-000000000004',
	/** userType Guest. */
	gail: 'ad0a0001-1111-4111-8111-000000000005',
};
export const ADATUM_GROUPS = {
	sales: 'ad0a0002-2222-4222-8222-000000000001',
	salesLeads: 'ad0a0002-2222-4222-8222-000000000002',
};
/** Contoso's one seeded user (a member); synchronized users join it. */
export const CONTOSO_USERS = { admin: 'c0a70001-1111-4111-8111-000000000001' };
/** Microsoft's gallery template "Azure AD cross-tenant synchronization"; its provisioning job template is Azure2Azure. */
export const CROSS_TENANT_SYNC_TEMPLATE_ID = '518e5f48-1fc8-4c48-9387-9fdf28b0dfe7';
