import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.tokens';
import { workspaceRoot } from '../config/workspace-root';

/**
 * The small pages the server serves to customers (survey, chat): no sign-in, no build step, their own scripts
 * and styles from the same origin. The pages may be framed by the centre's own sites (CORS_ORIGINS) only.
 */
export function sendPublicAsset(response: Response, type: 'html' | 'js' | 'css', body: string, frameAncestors: readonly string[]): void {
  const types = { html: 'text/html; charset=utf-8', js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8' };
  response.setHeader('Content-Type', types[type]);
  response.setHeader('Cache-Control', 'no-cache');
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Referrer-Policy', 'no-referrer');
  if (type === 'html') {
    response.removeHeader('X-Frame-Options');
    response.setHeader(
      'Content-Security-Policy',
      [
        "default-src 'self'",
        "connect-src 'self' ws: wss:",
        "img-src 'self' data:",
        "style-src 'self'",
        "script-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "object-src 'none'",
        `frame-ancestors ${["'self'", ...frameAncestors].join(' ')}`,
      ].join('; '),
    );
  }
  response.status(200).send(body);
}

/** Origins listed in CORS_ORIGINS, as CSP sources. */
export function listedOrigins(corsOrigins: string): string[] {
  return corsOrigins
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => /^https?:\/\/[A-Za-z0-9.:[\]-]+$/.test(origin));
}

let fontFaces: string | null = null;

/**
 * The console's own Chinese font (Noto Sans SC, sliced by Unicode range, served from the console's /assets/), as
 * @font-face rules for the customer pages: a browser without a Chinese system font still shows the Chinese page.
 * Empty when no built console is served.
 */
export function chineseFontFaces(consoleDir: string | undefined): string {
  if (fontFaces !== null) return fontFaces;
  fontFaces = '';
  try {
    const assets = join(consoleDir || join(workspaceRoot(), 'console', 'dist'), 'assets');
    if (!existsSync(assets)) return fontFaces;
    for (const file of readdirSync(assets).filter((name) => name.endsWith('.css'))) {
      const rules = readFileSync(join(assets, file), 'utf8').match(/@font-face\{[^}]*Noto Sans SC[^}]*\}/g) ?? [];
      fontFaces += rules.filter((rule) => /url\(\/assets\/[\w.-]+\.woff2\)/.test(rule)).join('\n');
    }
  } catch {
    fontFaces = '';
  }
  return fontFaces;
}

/** Shared look of the customer pages: readable at phone width. */
export const PUBLIC_PAGE_CSS = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.45 system-ui,-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei","Noto Sans SC",sans-serif;color:#1d2433;background:#f4f6fa}
main{max-width:560px;margin:0 auto;padding:16px}
h1{font-size:1.25rem;margin:0 0 12px}
.card{background:#fff;border:1px solid #d9dee8;border-radius:10px;padding:16px;margin-bottom:12px}
label{display:block;font-weight:600;margin:8px 0 4px}
input[type=text],input[type=email],textarea{width:100%;padding:10px;border:1px solid #b9c2d3;border-radius:8px;font:inherit}
button{font:inherit;padding:10px 16px;border-radius:8px;border:1px solid #1f5fbf;background:#1f5fbf;color:#fff;cursor:pointer;min-height:44px}
button.secondary{background:#fff;color:#1f5fbf}
button:disabled{opacity:.5;cursor:default}
.scale{display:flex;gap:6px;flex-wrap:wrap;margin:4px 0 8px}
.scale label{font-weight:400;display:flex;flex-direction:column;align-items:center;flex:1 1 0;min-width:48px;border:1px solid #b9c2d3;border-radius:8px;padding:6px 2px;margin:0;cursor:pointer;text-align:center;font-size:.85rem}
.scale input{margin:0 0 4px}
.hint{color:#5a6478;font-size:.85rem}
.error{color:#a4262c}
.result{font-size:1.1rem}
.lang{float:right;font-size:.85rem}
.lang button{padding:4px 8px;min-height:32px;background:#fff;color:#1f5fbf}
.log{height:50vh;min-height:220px;overflow-y:auto;display:flex;flex-direction:column;gap:8px;padding:8px;background:#fff;border:1px solid #d9dee8;border-radius:10px}
.msg{max-width:85%;padding:8px 10px;border-radius:10px;white-space:pre-wrap;overflow-wrap:anywhere}
.msg.customer{align-self:flex-end;background:#dbe8ff}
.msg.agent{align-self:flex-start;background:#eef1f5}
.msg.system{align-self:center;background:none;color:#5a6478;font-size:.85rem}
.msg .who{display:block;font-size:.75rem;color:#5a6478}
.composer{display:flex;gap:8px;margin-top:8px}
.composer textarea{flex:1;min-height:44px;resize:vertical}
.typing{min-height:1.4em;color:#5a6478;font-size:.85rem}
iframe.survey{width:100%;min-height:520px;border:0}
fieldset{border:0;padding:0;margin:0 0 8px}
legend{padding:0}
[hidden]{display:none!important}
`;

/**
 * The page around a customer page's own content: its title, stylesheet and scripts under `/<path>/`, the language
 * buttons, the heading and the problem line every page fills from its script.
 */
export function publicPageHtml(page: { path: string; title: string; scriptsBefore?: readonly string[]; content: string }): string {
  const scripts = [...(page.scriptsBefore ?? []), `${page.path}.js`].map((script) => `<script src="/${page.path}/${script}" defer></script>`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title}</title>
<link rel="stylesheet" href="/${page.path}/${page.path}.css">
${scripts.join('\n')}
</head>
<body>
<main>
  <div class="lang"><button type="button" data-lang="en">English</button> <button type="button" data-lang="zh-CN">中文</button></div>
  <h1 data-t="title"></h1>
  <p class="error" id="problem" role="alert" hidden></p>
${page.content}
</main>
</body>
</html>`;
}

/**
 * Script functions every customer page shares, placed inside its own closure: they read that closure's `TEXT`
 * (texts by language, each with a `title`), `lang` and `render()`.
 */
export const PUBLIC_PAGE_SCRIPT = `  function t(key) { return (TEXT[lang] || TEXT.en)[key]; }
  function $(id) { return document.getElementById(id); }

  function renderTexts() {
    document.documentElement.lang = lang;
    document.title = t('title');
    Array.prototype.forEach.call(document.querySelectorAll('[data-t]'), function (node) { node.textContent = t(node.getAttribute('data-t')); });
  }

  // Chinese glyphs drawn before their font slice arrived may stay as boxes: drawn again once the fonts are in.
  function renderWithFont() {
    render();
    if (lang !== 'zh-CN' || !document.fonts || !document.fonts.load) return;
    var text = JSON.stringify(TEXT['zh-CN']) + document.body.textContent;
    Promise.all([document.fonts.load('400 16px "Noto Sans SC"', text), document.fonts.load('600 16px "Noto Sans SC"', text)]).then(render, render);
  }

  function listenToLanguageButtons() {
    Array.prototype.forEach.call(document.querySelectorAll('[data-lang]'), function (button) {
      button.addEventListener('click', function () { lang = button.getAttribute('data-lang'); renderWithFont(); });
    });
  }
`;

/**
 * A controller serving a customer page at `/<path>/` with its script and stylesheet, for its module to extend
 * (with more assets where the page needs them): the pages differ only in what they serve.
 */
export function publicPageController(path: string, page: { html: string; js: string }) {
  @ApiExcludeController()
  @Controller(path)
  class PublicPageController {
    protected readonly frameAncestors: string[];
    private readonly consoleDir: string | undefined;

    constructor(@Inject(APP_CONFIG) config: AppConfig) {
      this.frameAncestors = listedOrigins(config.CORS_ORIGINS);
      this.consoleDir = config.CONSOLE_DIR;
    }

    @Get()
    @Public()
    page(@Res() response: Response): void {
      sendPublicAsset(response, 'html', page.html, this.frameAncestors);
    }

    @Get(`${path}.js`)
    @Public()
    script(@Res() response: Response): void {
      sendPublicAsset(response, 'js', page.js, this.frameAncestors);
    }

    @Get(`${path}.css`)
    @Public()
    style(@Res() response: Response): void {
      sendPublicAsset(response, 'css', `${PUBLIC_PAGE_CSS}\n${chineseFontFaces(this.consoleDir)}`, this.frameAncestors);
    }
  }
  return PublicPageController;
}
