/** A todo as the demo stores it. */
export interface Todo {
  readonly _id: string;
  readonly title: string;
  readonly done: boolean;
  readonly createdAt?: Date;
  readonly updatedAt?: Date;
  /** The device (tab) that made the last change. */
  readonly updatedBy?: string;
}
