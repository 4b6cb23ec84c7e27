import type { Browser, Page } from 'playwright-core';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, runScenario, screenshot, SCREENSHOT_DIR, signIn } from './support/browser';
import { REPO_ROOT, startServer, type RunningServer } from './support/server';

/** A phone held upright (iPhone 12 to 15), and two wallboard screens: full HD and 4K. */
const PHONE = { width: 390, height: 844 } as const;
const FULL_HD = { width: 1920, height: 1080 } as const;
const UHD = { width: 3840, height: 2160 } as const;

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer({ env: { LOGIN_RATE_LIMIT: '1000' } });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const scenario = (name: string, viewport: { width: number; height: number }, run: (page: Page) => Promise<void>) => runScenario(browser, server, name, viewport, run);

/** How far the page is wider than the window (0 when nothing sticks out sideways). */
function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - window.innerWidth);
}

/** Elements of the top bar whose box reaches past the window's sides. */
function topBarOutside(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('.cc-top-bar *')]
      .filter((element) => {
        const box = element.getBoundingClientRect();
        const style = getComputedStyle(element);
        const hidden = box.width <= 1 || box.height <= 1 || style.visibility === 'hidden' || style.clip === 'rect(0px, 0px, 0px, 0px)';
        return !hidden && (box.left < -0.5 || box.right > window.innerWidth + 0.5);
      })
      .map((element) => `${element.tagName.toLowerCase()}.${element.className}`),
  );
}

/**
 * WCAG contrast ratio of an element's text against what is painted behind it: its own background, or the
 * nearest ancestor's that is not transparent.
 */
function textContrast(page: Page, selector: string): Promise<{ ratio: number; color: string; background: string }> {
  return page.evaluate((target) => {
    const element = document.querySelector(target);
    if (!element) throw new Error(`no ${target}`);
    const parse = (value: string) => {
      const numbers = value.match(/[\d.]+/g)?.map(Number) ?? [0, 0, 0, 0];
      return { r: numbers[0], g: numbers[1], b: numbers[2], a: numbers.length > 3 ? numbers[3] : 1 };
    };
    let background = 'rgb(255, 255, 255)';
    for (let node: Element | null = element; node; node = node.parentElement) {
      const value = getComputedStyle(node).backgroundColor;
      if (parse(value).a > 0) {
        background = value;
        break;
      }
    }
    const color = getComputedStyle(element).color;
    const luminance = ({ r, g, b }: { r: number; g: number; b: number }) => {
      const channel = (c: number) => {
        const s = c / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    };
    const [light, dark] = [luminance(parse(color)), luminance(parse(background))].sort((a, b) => b - a);
    return { ratio: (light + 0.05) / (dark + 0.05), color, background };
  }, selector);
}

describe('the console at phone width and on wallboard screens', () => {
  test('at 390 px the top bar fits, nothing scrolls sideways, and Sign out is visible with readable contrast', async () => {
    await scenario('phone-agent', PHONE, async (page) => {
      await signIn(page, 'amy', '/agent');
      await page.getByTestId('agent-state').waitFor();
      const signOut = page.getByRole('button', { name: 'Sign out' });
      await signOut.waitFor();
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      expect(await topBarOutside(page)).toEqual([]);
      expect(await signOut.isVisible()).toBe(true);
      const box = await signOut.boundingBox();
      expect(box).not.toBeNull();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width);
      // WCAG AA for text: 4.5:1.
      const contrast = await textContrast(page, '.cc-session-menu button');
      expect({ ...contrast, enough: contrast.ratio >= 4.5 }).toMatchObject({ enough: true });
      await screenshot(page, 'layout-390-agent');
      // What the phone shows first, at its real size.
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'layout-390-agent-screen.png') });
    });

    await scenario('phone-supervisor', PHONE, async (page) => {
      await signIn(page, 'sophie', '/wallboard');
      await page.locator('[data-testid^="queue-tile-"]').first().waitFor();
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      expect(await topBarOutside(page)).toEqual([]);
      expect(await page.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(true);
      await screenshot(page, 'layout-390-wallboard');
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'layout-390-wallboard-screen.png') });
    });
  });

  test.each([
    ['1920', FULL_HD],
    ['3840', UHD],
  ] as const)('the wallboard fills a %s px screen without sideways scrolling', async (name, viewport) => {
    await scenario(`wallboard-${name}`, viewport, async (page) => {
      await signIn(page, 'sophie', '/wallboard');
      await page.locator('[data-testid^="queue-tile-"]').first().waitFor();
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      expect(await topBarOutside(page)).toEqual([]);
      const contrast = await textContrast(page, '.cc-session-menu button');
      expect(contrast.ratio).toBeGreaterThanOrEqual(4.5);
      await screenshot(page, `layout-${name}-wallboard`);

      // The board on the wall: everything grows with the screen, still without sideways scrolling.
      await page.getByRole('button', { name: 'Wall display' }).click();
      await page.waitForURL('**display=wall');
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      expect(await topBarOutside(page)).toEqual([]);
      await page.screenshot({ path: join(SCREENSHOT_DIR, `layout-${name}-wall-display.png`) });
    });
  });
});

describe('Simplified Chinese on a machine without Chinese fonts', () => {
  test('the console ships its own Chinese font, served by the server, and fetches only the slices a page uses', async () => {
    await scenario('chinese-font', { width: 1280, height: 800 }, async (page) => {
      const fonts: Array<{ path: string; status: number; type: string; bytes: number }> = [];
      page.on('response', async (response) => {
        const path = new URL(response.url()).pathname;
        if (!path.endsWith('.woff2')) return;
        const body = await response.body().catch(() => Buffer.alloc(0));
        fonts.push({ path, status: response.status(), type: response.headers()['content-type'] ?? '', bytes: body.length });
      });
      await signIn(page, 'amy', '/agent');
      await page.getByLabel('Language').selectOption('zh-CN');
      await page.getByRole('heading', { name: '座席工作台', level: 1 }).waitFor();
      await page.evaluate(() => document.fonts.ready);

      // The page's Chinese is drawn with the shipped face, loaded with font-display: swap.
      const face = await page.evaluate(async () => {
        await document.fonts.load('16px "Noto Sans SC"', '座席工作台');
        const loaded = [...document.fonts].filter((font) => font.family.replace(/"/g, '') === 'Noto Sans SC' && font.status === 'loaded');
        return { loaded: loaded.length, display: loaded[0]?.display ?? null, covers: document.fonts.check('16px "Noto Sans SC"', '座席工作台') };
      });
      expect(face.loaded).toBeGreaterThan(0);
      expect(face.display).toBe('swap');
      expect(face.covers).toBe(true);

      // Served by the server itself, as WOFF2, a few slices rather than the whole font.
      expect(fonts.length).toBeGreaterThan(0);
      for (const font of fonts) expect(font).toMatchObject({ status: 200, type: 'font/woff2' });
      expect(fonts.every((font) => font.path.startsWith('/assets/noto-sans-sc-'))).toBe(true);
      const fetched = fonts.reduce((sum, font) => sum + font.bytes, 0);
      expect(fetched).toBeLessThan(1_500_000);
      await screenshot(page, 'chinese-agent-desk');
    });
  });

  test('the built console carries the font as WOFF2 slices only, at a reasonable size', () => {
    const assets = join(REPO_ROOT, 'console', 'dist', 'assets');
    const files = readdirSync(assets);
    const slices = files.filter((file) => /^noto-sans-sc-.*\.woff2$/.test(file));
    expect(slices.length).toBeGreaterThan(100);
    expect(files.filter((file) => file.endsWith('.woff'))).toEqual([]);
    const bytes = slices.reduce((sum, file) => sum + statSync(join(assets, file)).size, 0);
    // Two weights of the sliced font; a browser downloads only the slices its text needs.
    expect(bytes).toBeLessThan(9_000_000);
  });
});
