module.exports = {
  ...require('../jest.preset.js'),
  displayName: 'shared',
  roots: ['<rootDir>/src'],
  setupFiles: ['<rootDir>/jest.setup.js'],
};
