import { Controller, Get } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AllowApiKey, Public, readRouteRule, Roles } from './route-rules';

@Controller('things')
@Roles('supervisor')
class ThingsController {
  @Get()
  inherited() {
    return null;
  }

  @Get('own')
  @Roles('agent', 'agent')
  own() {
    return null;
  }

  @Get('open')
  @Public()
  open() {
    return null;
  }

  @Get('fed')
  @AllowApiKey('ingest')
  fed() {
    return null;
  }
}

class BareController {
  bare() {
    return null;
  }
}

describe('route rules', () => {
  const reflector = new Reflector();
  const read = (handler: () => unknown, controller: object) => readRouteRule(reflector, handler, controller as never);

  it('reads the controller rule, overridden by the handler rule', () => {
    const proto = ThingsController.prototype;
    expect(read(proto.inherited, ThingsController)).toEqual({ public: false, roles: ['supervisor'], apiKeyScopes: [] });
    expect(read(proto.own, ThingsController)).toEqual({ public: false, roles: ['agent'], apiKeyScopes: [] });
    expect(read(proto.open, ThingsController)).toMatchObject({ public: true });
    expect(read(proto.fed, ThingsController)).toEqual({ public: false, roles: ['supervisor'], apiKeyScopes: ['ingest'] });
  });

  it('finds no rule on a bare handler', () => {
    expect(read(BareController.prototype.bare, BareController)).toEqual({ public: false, roles: [], apiKeyScopes: [] });
  });

  it('refuses empty or unknown roles and scopes when the decorator is applied', () => {
    expect(() => Roles()).toThrow('at least one known role');
    expect(() => Roles('root' as never)).toThrow('not root');
    expect(() => AllowApiKey('everything' as never)).toThrow('unknown scopes: everything');
  });
});
