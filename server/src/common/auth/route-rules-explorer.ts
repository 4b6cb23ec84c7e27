import { INestApplicationContext, Injectable, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { readRouteRule, type RouteRule } from './route-rules';

/** One HTTP route of the application and the access rule the global guard applies to it. */
export interface RouteRuleEntry {
  method: string;
  /** Full path as Nest registers it, e.g. `/api/customers/:id`. */
  path: string;
  controller: string;
  handler: string;
  rule: RouteRule;
}

function paths(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value ?? '/'];
  return list.map((path) => String(path));
}

function join(...parts: string[]): string {
  const joined = parts.map((part) => part.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/');
  return `/${joined}`;
}

/** Every route with its rule, read from the same metadata the guard reads: the source of role-by-route matrices. */
@Injectable()
export class RouteRulesExplorer {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  list(): RouteRuleEntry[] {
    const entries: RouteRuleEntry[] = [];
    for (const wrapper of this.discovery.getControllers()) {
      const controller = wrapper.metatype as (new (...args: unknown[]) => unknown) | undefined;
      if (!controller?.prototype) continue;
      const prefixes = paths(Reflect.getMetadata(PATH_METADATA, controller));
      for (const name of this.scanner.getAllMethodNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name] as (...args: unknown[]) => unknown;
        const routePaths = Reflect.getMetadata(PATH_METADATA, handler);
        if (routePaths === undefined) continue;
        const method = RequestMethod[(Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod) ?? RequestMethod.GET];
        const rule = readRouteRule(this.reflector, handler, controller);
        for (const prefix of prefixes) {
          for (const path of paths(routePaths)) entries.push({ method, path: join(prefix, path), controller: controller.name, handler: name, rule });
        }
      }
    }
    return entries.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
  }
}

/** The route table of a running (or initialised) application. */
export function listRouteRules(app: INestApplicationContext): RouteRuleEntry[] {
  return app.get(RouteRulesExplorer, { strict: false }).list();
}
