import EvalKit
print(EvalKitVersion.current)
