/**
 * `npm run bench:simulator [-- --json]`: the simulator on a large day — 1,000 agents over 8 hours, 10 queues,
 * about 100,000 contacts — driving the routing core on its virtual clock. Prints simulated contacts per second
 * and the wall time of the run (scenario parsing and engine set-up included).
 *
 * The day: 10 skills, one queue per skill; each agent holds a primary skill (proficiency 3-5) and one or two
 * secondary ones (1-3), so queues share agents. Demand follows a morning peak, a lunch dip and an afternoon
 * recovery; talk times are log-normal (mean 200 s), wrap-up 20 s, callers' patience exponential (mean 120 s),
 * offers answered after 1-3 s. Every agent works the 8 hours with two 15-minute breaks and a 30-minute lunch,
 * staggered over four groups.
 *
 * Node runs it with --max-semi-space-size=64 (see test/package.json): the run allocates millions of short-lived
 * event objects, and a larger young generation makes the garbage collector's scavenges rarer.
 */
import { performance } from 'node:perf_hooks';
import { parseScenario, runSimulation, type Scenario, type ScenarioAgentGroup, type ScenarioQueue } from '../../shared/src/simulation';

const QUEUES = 10;
const AGENTS = 1000;
const HOURS = 8;

export function largeDayScenario(): Scenario {
  // Relative demand per half hour (16 intervals), scaled so the day holds about 100,000 contacts.
  const shape = [0.6, 0.8, 1.0, 1.15, 1.25, 1.25, 1.1, 0.85, 0.7, 0.8, 1.0, 1.1, 1.1, 1.0, 0.85, 0.7];
  const perQueuePerDay = 100_000 / QUEUES;
  const scale = perQueuePerDay / (shape.reduce((a, b) => a + b, 0) * 0.5);
  const queues: ScenarioQueue[] = Array.from({ length: QUEUES }, (_, q) => ({
    id: `q${q}`,
    requiredSkills: [{ skill: `s${q}`, minProficiency: 1 }],
    relaxation: [],
    strategy: q % 2 === 0 ? 'longest_idle' : 'most_skilled',
    wrapUpSeconds: 20,
    arrivals: { intervalMinutes: 30, perHour: shape.map((f) => Math.round(f * scale)) },
    talkTime: { type: 'lognormal', meanSeconds: 200, sdSeconds: 110 },
    patience: { type: 'exponential', meanSeconds: 120 },
  }));
  const staggers = [0, 1, 2, 3];
  const groups: ScenarioAgentGroup[] = [];
  const perGroup = AGENTS / (QUEUES * staggers.length);
  for (let q = 0; q < QUEUES; q++) {
    staggers.forEach((s) => {
      const lunch = ['3:30', '3:45', '4:00', '4:15'][s];
      groups.push({
        id: `a${q}-${s}`,
        count: perGroup,
        skills: { [`s${q}`]: 3 + (s % 3), [`s${(q + 1) % QUEUES}`]: 1 + (s % 3), ...(s % 2 === 0 ? { [`s${(q + 3) % QUEUES}`]: 2 } : {}) },
        shift: {
          start: '0:00',
          end: `${HOURS}:00`,
          breaks: [
            { start: ['1:45', '2:00', '2:15', '2:30'][s], durationMinutes: 15 },
            { start: lunch, durationMinutes: 30, reason: 'lunch' },
            { start: ['6:00', '6:15', '6:30', '6:45'][s], durationMinutes: 15 },
          ],
        },
      });
    });
  }
  return {
    name: `Large day: ${AGENTS} agents, ${QUEUES} queues, ${HOURS} h`,
    duration: `${HOURS}:00`,
    seed: 2025,
    answerDelay: { type: 'uniform', minSeconds: 1, maxSeconds: 3 },
    queues,
    agents: groups,
  };
}

function main(): void {
  const json = process.argv.includes('--json');
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const scenario = parseScenario(largeDayScenario());
  const report = runSimulation(scenario);
  const wallSeconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  // CPU time of this process: what the run costs when the machine is shared (wall time includes waiting for a core).
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const answered = report.queues.reduce((sum, q) => sum + q.answered, 0);
  const abandoned = report.queues.reduce((sum, q) => sum + q.abandoned, 0);
  const figures = {
    agents: report.agents.count,
    simulatedHours: report.durationSeconds / 3600,
    contacts: report.arrivals,
    answered,
    abandoned,
    engineCommands: report.engineCommands,
    refusedCommands: report.refusedCommands,
    occupancy: report.agents.occupancy,
    wallSeconds,
    cpuSeconds,
    contactsPerSecond: report.arrivals / wallSeconds,
    engineCommandsPerSecond: report.engineCommands / wallSeconds,
  };
  if (json) {
    process.stdout.write(`${JSON.stringify(figures)}\n`);
    return;
  }
  process.stdout.write(
    [
      `${report.scenario}: ${figures.contacts.toLocaleString('en')} contacts (${answered.toLocaleString('en')} answered, ${abandoned.toLocaleString('en')} abandoned), occupancy ${((figures.occupancy ?? 0) * 100).toFixed(1)}%`,
      `wall time ${wallSeconds.toFixed(2)} s (CPU ${cpuSeconds.toFixed(2)} s); ${Math.round(figures.contactsPerSecond).toLocaleString('en')} simulated contacts/s; ${Math.round(figures.engineCommandsPerSecond).toLocaleString('en')} routing commands/s (${figures.engineCommands.toLocaleString('en')} commands, ${figures.refusedCommands} refused)`,
    ].join('\n') + '\n',
  );
}

if (require.main === module) main();
