export {publisherToJson} from './describe.js'
