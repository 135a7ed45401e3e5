import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_IDS, LOOKUP_TEMPLATE, loadDataset, validateDataset, type LookupPhoneNumber,
} from '../../emulator/src/index.js';
import { datasetRefusal, demoDatasetJson, startTestEmulator, type TestEmulator } from '../support/emulator.js';

const { accountSid, authToken } = DEMO_IDS.lineTypeLookup;
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const AUTHENTICATE = { code: 20003, message: 'Authenticate', more_info: 'https://www.twilio.com/docs/errors/20003', status: 401 };

describe('the carrier line-type lookup (Twilio Lookup v2 stand-in) over the demo dataset', () => {
  let emu: TestEmulator;
  const sleeps: number[] = [];
  beforeAll(async () => {
    emu = await startTestEmulator({ sleep: async (ms) => void sleeps.push(ms) });
  });
  afterAll(() => emu?.close());

  const lookUp = (number: string, query = '?Fields=line_type_intelligence', authorization = basic(accountSid, authToken)) =>
    fetch(`${emu.url}/twilio-lookups/v2/PhoneNumbers/${encodeURIComponent(number)}${query}`, { headers: { authorization } });
  const body = async (number: string, query?: string): Promise<LookupPhoneNumber> => {
    const response = await lookUp(number, query);
    expect(response.status).toBe(200);
    return (await response.json()) as LookupPhoneNumber;
  };

  it('when a personal mobile listed in the dataset is looked up, then the full v2 body says mobile', async () => {
    expect(await body('+16175550142')).toEqual({
      calling_country_code: '1',
      country_code: 'US',
      phone_number: '+16175550142',
      national_format: '(617) 555-0142',
      valid: true,
      validation_errors: [],
      caller_name: null,
      sim_swap: null,
      call_forwarding: null,
      line_type_intelligence: { carrier_name: null, error_code: null, mobile_country_code: null, mobile_network_code: null, type: 'mobile' },
      identity_match: null,
      reassigned_number: null,
      sms_pumping_risk: null,
      phone_number_quality_score: null,
      pre_fill: null,
      url: `${emu.url}/twilio-lookups/v2/PhoneNumbers/+16175550142`,
    });
  });

  it('when the Bakers\' shared line is looked up, then it is a landline', async () => {
    expect((await body('+15035550123')).line_type_intelligence).toMatchObject({ type: 'landline', error_code: null });
  });

  it('when a US number outside the dataset is looked up, then the type is unknown with error 60600 (the plan cannot tell)', async () => {
    const answer = await body('+14155550123');
    expect(answer).toMatchObject({ valid: true, country_code: 'US', phone_number: '+14155550123' });
    expect(answer.line_type_intelligence).toMatchObject({ type: null, error_code: 60600 });
  });

  it('when a GB mobile outside the dataset is looked up, then the numbering plan says mobile', async () => {
    const answer = await body('+447911123456');
    expect(answer).toMatchObject({ valid: true, calling_country_code: '44', national_format: '07911 123456' });
    expect(answer.line_type_intelligence).toMatchObject({ type: 'mobile', error_code: null });
  });

  it('when the demo\'s UK number (a drama-range number libphonenumber calls invalid) is looked up, then the dataset makes it a valid GB mobile', async () => {
    const answer = await body('+447700900123');
    expect(answer).toMatchObject({ valid: true, country_code: 'GB', national_format: '07700 900123' });
    expect(answer.line_type_intelligence).toMatchObject({ type: 'mobile' });
  });

  it('when the input is not a valid number, then the answer is 200 with valid false, why, and no line type', async () => {
    expect(await body('+14155550')).toMatchObject({ valid: false, validation_errors: ['TOO_SHORT'], line_type_intelligence: null, country_code: null });
    expect(await body('not-a-number')).toMatchObject({ valid: false, validation_errors: ['NOT_A_NUMBER'], line_type_intelligence: null });
    expect(await body('+10005550123')).toMatchObject({ valid: false, validation_errors: ['INVALID_BUT_POSSIBLE'], line_type_intelligence: null });
  });

  it('when Fields does not ask for line_type_intelligence, then the package is null', async () => {
    expect(await body('+16175550142', '')).toMatchObject({ valid: true, line_type_intelligence: null });
    expect(await body('+16175550142', '?Fields=caller_name')).toMatchObject({ line_type_intelligence: null });
    expect((await body('+16175550142', '?Fields=caller_name,line_type_intelligence')).line_type_intelligence).toMatchObject({ type: 'mobile' });
  });

  it('when credentials are missing or wrong, then the answer is 401 with Twilio\'s error 20003', async () => {
    const missing = await fetch(`${emu.url}/twilio-lookups/v2/PhoneNumbers/%2B16175550142?Fields=line_type_intelligence`);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual(AUTHENTICATE);
    for (const authorization of [basic(accountSid, 'wrong-token'), basic('AC0000', authToken), `Bearer ${emu.userToken('mergeAgent')}`]) {
      const response = await lookUp('+16175550142', undefined, authorization);
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual(AUTHENTICATE);
    }
  });

  it('when lookups are made, then they are counted under the route template and wait the latency fault', async () => {
    emu.emulator.clearRequestCounts();
    emu.emulator.setFaults({ latencyMs: 25 });
    sleeps.length = 0;
    try {
      await body('+16175550142');
      await body('+15035550123');
    } finally {
      emu.emulator.setFaults({});
    }
    expect(sleeps).toEqual([25, 25]);
    expect(emu.emulator.requestCounts().byEndpoint).toEqual({ [`GET ${LOOKUP_TEMPLATE}`]: 2 });
  });
});

describe('the dataset\'s lineTypes', () => {

  it('when a key is not an E.164 number, then the dataset is refused at that key, saying so', async () => {
    const dataset = { ...(await demoDatasetJson()), lineTypes: { '5035550123': 'landline' } };
    expect(datasetRefusal(dataset)).toMatchObject({ path: '/lineTypes/5035550123', message: expect.stringMatching(/valid key.*pattern/) });
  });

  it('when a value is not a line type, then the dataset is refused at that number, listing the types', async () => {
    const dataset = { ...(await demoDatasetJson()), lineTypes: { '+15035550123': 'pager' } };
    expect(validateDataset(dataset)).toEqual([
      { path: '/lineTypes/+15035550123', message: 'must be one of "mobile", "landline", "fixedVoip", "nonFixedVoip", "tollFree"' },
    ]);
  });

  it('when a dataset with lineTypes is written and loaded, then they come back unchanged', async () => {
    const dataset = await demoDatasetJson();
    const lineTypes = { ...dataset.lineTypes, '+18005550100': 'tollFree', '+4930123456': 'fixedVoip', '+14155550123': 'nonFixedVoip' } as const;
    const file = join(await mkdtemp(join(tmpdir(), 'line-types-')), 'dataset.json');
    await writeFile(file, JSON.stringify({ ...dataset, lineTypes }));
    expect((await loadDataset(file)).lineTypes).toEqual(lineTypes);
  });
});
