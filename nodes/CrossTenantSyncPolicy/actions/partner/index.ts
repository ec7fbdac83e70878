import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as del from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';

export const operations = { create, delete: del, get, getAll, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['partner'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Add an organization to cross-tenant access settings',
				action: 'Create a partner',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Remove an organization from cross-tenant access settings',
				action: 'Delete a partner',
			},
			{
				name: 'Get',
				value: 'get',
				description: "Get a partner's cross-tenant access configuration",
				action: 'Get a partner',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the partners in cross-tenant access settings',
				action: 'Get many partners',
			},
			{
				name: 'Update',
				value: 'update',
				description: "Change a partner's automatic user consent and inbound trust settings",
				action: 'Update a partner',
			},
		],
		default: 'getAll',
	},
	...create.description,
	...del.description,
	...get.description,
	...getAll.description,
	...update.description,
];
