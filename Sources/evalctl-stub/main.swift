import EvalStub
