import type { CortexOptions } from '../../../domain/esp/options';
import type { EspHandoffContext } from '../types';

/**
 * The seed's questions, answered from the re-platform's questionnaire (`context.answers`, entered once);
 * a handoff run on its own, without a re-platform, says each answer is missing.
 */
export function questionnaireEmail(_options: CortexOptions, context: EspHandoffContext): { subject: string; text: string } {
  const q: Partial<NonNullable<EspHandoffContext['answers']>> = context.answers ?? {};
  const answer = (value: string | boolean | null | undefined) => (value === undefined || value === null ? '(not answered yet)' : typeof value === 'boolean' ? (value ? 'Yes' : 'No') : value);
  const lines: [string, string][] = [
    ['What eCommerce platform are you switching to?', context.targetPlatform],
    ['Do you have a dedicated tech contact who will be managing the re-platforming effort?', answer(q.techContact)],
    ['Are you planning to use the same domain name (i.e. website URL) for the new site?', answer(q.sameDomain)],
    ['When is your tentative launch date?', answer(q.launchDate)],
    ['When are you planning to deactivate your current platform?', answer(q.deactivationDate)],
    ['When are you planning to activate your new platform?', answer(q.activationDate)],
    ['Will you be moving your existing eCommerce data into the new platform or will you be starting fresh?', q.movingExistingData === undefined ? '(not answered yet)' : q.movingExistingData ? 'Moving the existing data' : 'Starting fresh'],
    ['Do you have any unique business considerations that should be known by ReSci to ensure a smooth re-platform?', answer(q.businessConsiderations)],
  ];
  return {
    subject: `Re-platforming ${context.storeDomain ?? 'our store'} from ${context.sourcePlatform} to ${context.targetPlatform}: new Cortex instance`,
    text: [
      'Hello,',
      '',
      `We are moving ${context.storeDomain ?? 'our store'} from ${context.sourcePlatform} to ${context.targetPlatform}. Please create a new Cortex instance for the new store's data (so old and new data never collide) and retrain the models on it. Our answers to your re-platforming questions:`,
      '',
      ...lines.flatMap(([question, reply]) => [`- ${question}`, `  ${reply}`]),
      '',
      `Reference: ${context.replatformId}`,
    ].join('\n'),
  };
}
