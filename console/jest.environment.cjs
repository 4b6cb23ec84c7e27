// jsdom, plus the Fetch API classes that jsdom lacks and react-router's data routers use.
// They are taken from Node together with Node's AbortController, which Node's Request requires.
const { TestEnvironment } = require('jest-environment-jsdom');

const FROM_NODE = ['Request', 'Response', 'Headers', 'AbortController', 'AbortSignal', 'ReadableStream', 'TextEncoder', 'TextDecoder'];

class ConsoleTestEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of FROM_NODE) {
      if (globalThis[name]) this.global[name] = globalThis[name];
    }
  }
}

module.exports = ConsoleTestEnvironment;
