export { POST, DELETE } from '../../../src/server/session.route-handler';
