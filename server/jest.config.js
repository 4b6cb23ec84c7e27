module.exports = { ...require('../jest.preset.js'), displayName: 'server', roots: ['<rootDir>/src'] };
