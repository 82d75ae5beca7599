// First: tracing, when configured, must patch libraries before anything requires them.
import './core/tracing/register';
import { startApi } from './main';
import { exitOnStartupError } from './core/startup';

/** `npm start`: API and worker in one process, on the embedded database unless DATABASE_URL is set. */
startApi('all').catch(exitOnStartupError);
