import { defineSearchAttributeKey } from '@temporalio/common';

/**
 * Cutover's custom search attributes: the UI's workflow list filters on them. Defined once here; the dev
 * server script and the test harness register exactly this list.
 */
export const MigrationPhase = defineSearchAttributeKey('MigrationPhase', 'KEYWORD');
export const SourcePlatform = defineSearchAttributeKey('SourcePlatform', 'KEYWORD');
export const TargetPlatform = defineSearchAttributeKey('TargetPlatform', 'KEYWORD');
export const StoreDomain = defineSearchAttributeKey('StoreDomain', 'KEYWORD');
export const OrderMilestone = defineSearchAttributeKey('OrderMilestone', 'KEYWORD');

export const cutoverSearchAttributes = [MigrationPhase, SourcePlatform, TargetPlatform, StoreDomain, OrderMilestone];
