export { ShiftsWeek } from './components/ShiftsWeek';
