print("etcd3-demo")
