import {VERSION} from "zmgr"; export const x: number = VERSION
