import type { Frame, Page } from 'playwright-core';
import { consoleSuite, screenshot, signIn } from './support/browser';

/**
 * A chat end to end in real browsers: a customer on the chat page the server serves (at phone width) and Amy on
 * the agent desktop talk both ways with typing shown, the customer ends the chat, answers the survey the page
 * then shows, and the supervisor's wallboard counts the answer in today's satisfaction.
 */

const PHONE = { width: 390, height: 844 } as const;

const suite = consoleSuite({ screenshotPrefix: 'chat-' });
const { open, step } = suite;

const messagesOn = (page: Page, author: string) => page.locator(`#log [data-author="${author}"]`);

test('a customer chats with the agent desktop, ends the chat and answers the survey', async () => {
  const agent = await open();
  const customer = await open(PHONE);
  const supervisor = await open();
  const all = { agent, customer, supervisor };
  const a = agent.page;
  const c = customer.page;

  await step('agent available', all, async () => {
    await signIn(a, 'amy', '/agent');
    await a.getByRole('button', { name: 'Available', exact: true }).click();
    await a.getByText('Waiting for the next contact').waitFor();
  });

  await step('customer starts a chat', all, async () => {
    await c.goto('/chat/');
    await c.getByLabel('Your name').fill('Olivia Chat');
    await c.getByRole('button', { name: 'Start chat' }).click();
    await c.getByText('Waiting for an agent…').waitFor();
    await screenshot(c, '60-chat-customer-waiting');
  });

  await step('the chat rings at the agent and is accepted', all, async () => {
    await a.getByTestId('offer-card').waitFor({ timeout: 5_000 });
    await a.keyboard.press('a');
    await a.getByTestId('chat-panel').waitFor({ timeout: 5_000 });
    await c.getByText('You are chatting with Amy Walker.').waitFor();
    // A chat shows its transcript, not talk time.
    expect(await a.getByTestId('contact-card').locator('.cc-contact__timer').count()).toBe(0);
  });

  await step('messages and typing both ways', all, async () => {
    await c.locator('#text').fill('My router blinks red');
    await a.getByText('The customer is typing…').waitFor();
    await c.getByRole('button', { name: 'Send' }).click();
    await a.getByTestId('chat-panel').getByText('My router blinks red').waitFor();

    const reply = a.getByTestId('chat-panel').getByRole('textbox', { name: 'Message to the customer' });
    await reply.fill('Please unplug it for ten seconds.');
    await c.getByText('Amy Walker is typing…').waitFor();
    await reply.press('Enter');
    await messagesOn(c, 'agent').getByText('Please unplug it for ten seconds.').waitFor();
    expect(await messagesOn(c, 'customer').count()).toBe(1);
    await screenshot(c, '61-chat-customer-talking');
    await screenshot(a, '62-chat-agent-desktop');
  });

  let survey: Frame | null = null;
  await step('the customer ends the chat and gets the survey', all, async () => {
    await c.getByRole('button', { name: 'End chat' }).click();
    await c.getByText('You ended the chat.').waitFor();
    await a.getByTestId('chat-panel').getByText('The customer left the chat.').waitFor();
    await c.locator('#surveyFrame').waitFor();
    const handle = await c.locator('#surveyFrame').elementHandle();
    survey = (await handle?.contentFrame()) ?? null;
    if (!survey) throw new Error('no survey frame');
    await survey.getByText('How was your experience with us today?', { exact: false }).waitFor();
  });

  await step('the customer answers the survey and sees the satisfaction', all, async () => {
    const frame = survey as unknown as Frame;
    await frame.locator('#experience input[value="4"]').check();
    await frame.locator('#expectation input[value="3"]').check();
    await frame.getByRole('button', { name: 'Send' }).click();
    await frame.getByText('Your satisfaction: +1 (experience 4 minus expectation 3)').waitFor();
    await screenshot(c, '63-chat-customer-survey-answered');
  });

  await step('the wallboard counts it in today’s satisfaction', all, async () => {
    const s = supervisor.page;
    await signIn(s, 'sophie', '/wallboard');
    const panel = s.getByRole('region', { name: 'Satisfaction today' });
    await panel.waitFor();
    await panel.getByText('Amy Walker').waitFor({ timeout: 10_000 });
    expect((await panel.textContent()) ?? '').toContain('+1');
    await screenshot(s, '64-wallboard-satisfaction');
  });

  expect(customer.problems).toEqual([]);
  expect(agent.problems).toEqual([]);
}, 120_000);
