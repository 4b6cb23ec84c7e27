import zhCN from './zh-CN.json';
import { interfaceCharacters, loadInterfaceFont } from './interface-font';

describe('the interface font', () => {
  test('asks for every Chinese character of the interface, in both weights, before Chinese is drawn', async () => {
    const load = jest.fn<Promise<FontFace[]>, [string, string?]>().mockResolvedValue([]);
    await loadInterfaceFont('zh-CN', { load });
    expect(load.mock.calls.map(([font]) => font)).toEqual(['400 16px "Noto Sans SC"', '600 16px "Noto Sans SC"']);
    const asked = [...(load.mock.calls[0][1] ?? '')];
    // The sign-in page's title and introduction are among them, and nothing ASCII is.
    expect(asked).toEqual(expect.arrayContaining([...`${zhCN.login.title}${zhCN.login.intro}`].filter((character) => character > '\x7f')));
    expect(asked.filter((character) => character <= '\x7f')).toEqual([]);
  });

  test("English waits for no font: its few Chinese characters (the language's own name) may come later", async () => {
    const load = jest.fn();
    await loadInterfaceFont('en', { load });
    expect(load).not.toHaveBeenCalled();
    expect(interfaceCharacters('en').length).toBeLessThan(interfaceCharacters('zh-CN').length / 10);
  });

  test('a font that never arrives holds the console back no longer than the wait', async () => {
    jest.useFakeTimers();
    try {
      let settled = false;
      const pending = loadInterfaceFont('zh-CN', { load: () => new Promise<FontFace[]>(() => undefined) }, 3_000).then(() => (settled = true));
      await jest.advanceTimersByTimeAsync(2_999);
      expect(settled).toBe(false);
      await jest.advanceTimersByTimeAsync(1);
      await pending;
      expect(settled).toBe(true);
    } finally {
      jest.useRealTimers();
    }
  });

  test('a font that cannot be fetched does not stop the console', async () => {
    await expect(loadInterfaceFont('zh-CN', { load: () => Promise.reject(new Error('offline')) })).resolves.toBeUndefined();
  });
});
