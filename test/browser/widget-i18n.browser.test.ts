import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harnessUrl, seedToken, startBrowserEnv, widgetFrame, widgetFrameHandle, type BrowserEnv } from './support/browser-env.js';
import { IDS } from './support/fixtures.js';

let env: BrowserEnv;

beforeAll(async () => {
  env = await startBrowserEnv();
});

afterAll(async () => {
  await env?.close();
});

const languages = [
  { tag: 'es-es', lang: 'es', title: 'Interacciones relacionadas (3)', reason: 'Misma dirección de correo electrónico j•••@example.com', review: /Previsualizar la fusión \(3 interacciones\)/ },
  { tag: 'fr-ca', lang: 'fr', title: 'Interactions liées (3)', reason: 'Même adresse e-mail j•••@example.com', review: /Prévisualiser la fusion \(3 interactions\)/ },
  { tag: 'de-de', lang: 'de', title: 'Zugehörige Interaktionen (3)', reason: 'Gleiche E-Mail-Adresse j•••@example.com', review: /Zusammenführung prüfen \(3 Interaktionen\)/ },
  { tag: 'ja-jp', lang: 'en', title: 'Related interactions (3)', reason: 'Same email address j•••@example.com', review: /Preview merge \(3 interactions\)/ },
] as const;

describe('widget languages', () => {
  for (const { tag, lang, title, reason, review } of languages) {
    it(`when gcLangTag is ${tag}, then the widget speaks ${lang} and marks the page as ${lang}`, async () => {
      const context = await env.browser.newContext();
      await seedToken(context, env.fake);
      const page = await context.newPage();
      await page.goto(harnessUrl(env.fake, { lang: tag }));
      const frame = widgetFrame(page);
      await expect.poll(() => frame.locator('im-candidate-list h3#suggested-title').innerText(), { timeout: 15_000 }).toBe(title);
      expect(await frame.locator(`li[data-conversation-id="${IDS.email}"] .reasons li`).first().innerText()).toBe(reason);
      expect(await frame.getByRole('button', { name: review }).count()).toBe(1);
      expect(await (await widgetFrameHandle(page)).evaluate(() => document.documentElement.lang)).toBe(lang);
      await context.close();
    });
  }

  it('when the agent desktop switches language, then the widget reloads in the new one', async () => {
    const context = await env.browser.newContext();
    await seedToken(context, env.fake);
    const page = await context.newPage();
    await page.goto(harnessUrl(env.fake));
    const frame = widgetFrame(page);
    await expect.poll(() => frame.locator('im-candidate-list h3#suggested-title').innerText(), { timeout: 15_000 }).toBe('Related interactions (3)');
    await page.locator('im-desktop-harness .settings select').first().selectOption('de-de');
    await expect.poll(() => frame.locator('im-candidate-list h3#suggested-title').innerText(), { timeout: 15_000 }).toBe('Zugehörige Interaktionen (3)');
    await context.close();
  });
});
