/**
 * Meanings of the error codes Twilio puts on an undelivered or failed message's status callback
 * (twilio.com/docs/api/errors), so the merchant's log says why without a lookup. Unknown codes show as the bare code.
 */
const meanings: Record<string, string> = {
  '30001': 'Queue overflow',
  '30002': 'Account suspended',
  '30003': 'Unreachable destination handset',
  '30004': 'Message blocked',
  '30005': 'Unknown destination handset',
  '30006': 'Landline or unreachable carrier',
  '30007': 'Message filtered by the carrier',
  '30008': 'Unknown error',
  '30034': 'Message from an unregistered number',
};

export function describeTwilioErrorCode(code: string): string {
  const meaning = meanings[code];
  return meaning ? `${code} ${meaning}` : code;
}
